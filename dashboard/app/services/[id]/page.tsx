import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AppShell } from '../../../components/AppShell.tsx';
import { PrefetchSite } from '../../../components/PrefetchSite.tsx';
import { SiteDashboard } from '../../../components/SiteDashboard.tsx';
import { Skeleton } from '../../../components/Skeleton.tsx';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const loading = <Skeleton width="40%" height={28} style={{ margin: '1.5rem 0' }} />;
  return (
    <>
      <PrefetchSite id={id} />
      <AppShell loading={loading}>
        <Suspense fallback={loading}>
          <SiteDashboard siteId={id} />
        </Suspense>
      </AppShell>
    </>
  );
}
